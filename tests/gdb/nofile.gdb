# gdb without the program: it takes the path from emu (qXfer:exec-file)
# and reads the file through it (vFile), symbols and all.
# nofile: yes
# expect: ^Reading symbols from target:/.*/gdb-prog\.\.\.$
# expect: ^Breakpoint 1, add \(a=20, b=22\) at
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# status: 42
break add
continue
delete
continue
