# next uses range stepping (vCont;r), and a step over a call stops once.
# expect: vCont;r[0-9a-f]+,[0-9a-f]+
# expect: ^Line 39 of ".*gdb-prog.c" starts at address
# status: 42
break main
continue
set debug remote 1
next
set debug remote 0
info line *$pc
delete
continue
