# Ctrl-C: the guest loops until gdb interrupts it (test-gdb.sh sends gdb
# SIGINT once it is running), then gdb ends the loop.
# args: loop
# interrupt: ^Continuing\.
# expect: ^Program received signal SIGINT, Interrupt\.
# expect: ^in-main 1$
# expect: ^\[Inferior 1 \(process [0-9]+\) exited with code 052\]
# stdout: ^x=48 counter=3 result=42$
# status: 42
continue
printf "in-main %d\n", $pc >= (long)&main && $pc < (long)&main + 400
set var spin = 0
continue
