# tests/guest.mk: registered tests
