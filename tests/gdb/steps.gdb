# Stepping, which must not change what the program does or what plugins
# count: step, next (range stepping), stepi, finish, a temporary
# breakpoint.
# plugins: yes
# expect: ^Breakpoint 1, main \(argc=1, argv=0x[0-9a-f]+\) at
# expect: ^add \(a=20, b=22\) at
# expect: ^Value returned is \$1 = 42$
# expect: ^42\s+bump\(\);$
# expect: ^Breakpoint 2, (0x[0-9a-f]+ in )?bump \(\) at
# expect: ^pc-offset 0x4$
# expect: ^pc-offset 0x8$
# expect: ^pc-offset 0xc$
# expect: ^Temporary breakpoint 3, twice \(v=1\) at
# expect: ^Value returned is \$[0-9]+ = 2$
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# stdout: ^x=48 counter=2 result=42$
# status: 42
break main
continue
next
step
finish
next
next
break *bump
continue
stepi
printf "pc-offset 0x%lx\n", $pc - (long)&bump
stepi
printf "pc-offset 0x%lx\n", $pc - (long)&bump
stepi
printf "pc-offset 0x%lx\n", $pc - (long)&bump
finish
delete
tbreak twice
continue
finish
continue
