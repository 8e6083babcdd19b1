# Loading plugins from gdb while the program is stopped: insn.so loaded at
# the first bump() counts from there to the end (test-gdb-plugins.sh
# compares with a whole run); bb.so comes and goes.
# suite: plugins
# expect: ^no plugins loaded$
# expect: ^plugin 1 loaded: insn.so,inline=on$
# expect: ^plugin 2 loaded: bb.so$
# expect: ^1  .*insn.so inline=on$
# expect: ^2  .*bb.so$
# expect: ^plugin 2 unloaded$
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# stdout: ^x=48 counter=2 result=42$
# status: 42
break bump
continue
monitor plugin list
monitor plugin load insn.so,inline=on
monitor plugin load bb.so
monitor plugin list
monitor plugin unload 2
delete
continue
