# tests/unit-elf.mk: registered tests
