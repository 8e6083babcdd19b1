# Kill: emu ends at once, killed.
# expect: ^Breakpoint 1, add \(a=20, b=22\)
# expect: ^\[Inferior 1 \([^)]*\) killed\]
# reject: ^x=48
# status: 137
break add
continue
kill
