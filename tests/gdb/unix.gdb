# The same over a unix socket (-g unix:PATH).
# transport: unix
# expect: ^Breakpoint 1, add \(a=20, b=22\)
# expect: ^#1 +0x[0-9a-f]+ in main
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# status: 42
break add
continue
bt
delete
continue
