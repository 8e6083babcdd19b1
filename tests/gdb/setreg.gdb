# set $x0 after add() returns: the program adds to what gdb put there
# (1000 + 4 + 2). With plugins, regtrace sees the value gdb wrote.
# plugins: changes
# expect: ^Value returned is \$1 = 42$
# expect: ^\$2 = 1000$
# stdout: ^x=1006 counter=2 result=42$
# status: 42
break add
continue
finish
set $x0 = 1000
p $x0
delete
continue
