# tests/unit-a64.mk: registered tests
