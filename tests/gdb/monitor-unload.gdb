# Unloading a plugin from gdb while the program is stopped: bb.so goes,
# insn.so stays and counts to the end (test-gdb-plugins.sh checks).
# suite: plugins
# emu: -plugin insn.so,inline=on -plugin bb.so
# expect: ^1  .*insn.so inline=on$
# expect: ^2  .*bb.so$
# expect: ^plugin 2 unloaded$
# expect: ^emu: plugin unload: no plugin 2 
# expect: ^emu: plugin unload: 'x' is not a plugin id
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# stdout: ^x=48 counter=2 result=42$
# status: 42
break bump
continue
monitor plugin list
monitor plugin unload 2
echo after-unload\n
monitor plugin list
monitor plugin unload 2
monitor plugin unload x
delete
continue
