# Breakpoints, the call stack, finish, next, step, memory, calls to the
# program's functions from gdb, and set var changing the program's result.
# expect: ^Breakpoint 1, add \(a=20, b=22\) at .*gdb-prog.c:[0-9]+
# expect: ^#0 +add \(a=20, b=22\) at
# expect: ^#1 +0x[0-9a-f]+ in main \(argc=1, argv=0x[0-9a-f]+\) at
# expect: ^Value returned is \$1 = 42$
# expect: ^bump \(\) at .*gdb-prog.c:22
# expect: ^0x[0-9a-f]+ <table>:\s+0x0000000000001111\s+0x0000000000002222$
# expect: ^0x[0-9a-f]+ <table\+16>:\s+0x0000000000003333\s+0x0000000000004444$
# expect: ^Hardware assisted breakpoint 2 at 0x[0-9a-f]+: file .*gdb-prog.c, line 27
# expect: ^Breakpoint 2, reader \(\) at
# expect: ^\$2 = 7$
# expect: ^\$3 = 10$
# expect: ^#0 +reader \(\) at .*gdb-prog.c:27$
# expect: ^\[Inferior 1 \([^)]*\) exited with code 07\]
# stdout: ^x=48 counter=2 result=7$
# status: 7
break add
continue
bt
finish
next
step
x/4gx table
hbreak reader
continue
delete 1
p add(3, 4)
p twice(5)
bt 1
delete
set var result = 7
continue
