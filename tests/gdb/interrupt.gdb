# Ctrl-C: the guest loops until gdb interrupts it, then gdb ends the loop.
# gdb reads this script as a user would type it (run-case.sh feeds it line
# by line), so "continue &" runs the guest in the background and
# "interrupt" stops it with 0x03 on the wire.
# args: loop
# interactive: yes
# expect: ^Program received signal SIGINT, Interrupt\.
# expect: ^in-main 1$
# expect: ^\[Inferior 1 \([^)]*\) exited with code 052\]
# stdout: ^x=48 counter=3 result=42$
# status: 42
continue &
#wait-stdout ^looping$
interrupt
#wait ^Program received signal SIGINT
printf "in-main %d\n", $pc >= (long)&main && $pc < (long)&main + 400
set var spin = 0
continue
#wait exited with code
