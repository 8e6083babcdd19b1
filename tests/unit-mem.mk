# tests/unit-mem.mk: registered tests
