# man/: the manual pages, installed and distributed as written.
dist_man_MANS += man/emu.1
