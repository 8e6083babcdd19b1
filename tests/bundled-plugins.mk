# The bundled plugins (plugins/*.so, built by "make") on guest programs,
# their output checked against qemu-aarch64 and against each other.
# tests/guest/plugin-loop.S is its guest program (listed in guest.mk).
TESTS += tests/test-bundled-plugins.sh
EXTRA_DIST += tests/test-bundled-plugins.sh
