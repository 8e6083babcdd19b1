# Watchpoints on a global: write (watch), read (rwatch), access (awatch).
# gdb must stop right after the instruction that made the access, with
# the old and new values.
# plugins: yes
# expect: ^Hardware watchpoint 1: counter$
# expect: ^Old value = 0$
# expect: ^New value = 1$
# expect: ^Old value = 1$
# expect: ^New value = 2$
# expect: ^bump \(\) at .*gdb-prog.c:23$
# expect: ^Hardware read watchpoint 2: counter$
# expect: ^Value = 2$
# expect: ^0x[0-9a-f]+ in reader \(\) at .*gdb-prog.c:27$
# expect: ^Hardware access \(read/write\) watchpoint 3: counter$
# expect: ^0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at .*gdb-prog.c:5[0-9]$
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# reject: ^Old value = 2$
# stdout: ^x=48 counter=2 result=42$
# status: 42
watch counter
continue
continue
delete
rwatch counter
continue
delete
awatch counter
continue
delete
continue
