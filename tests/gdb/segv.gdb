# A fault: gdb stops the program at the faulting instruction with
# SIGSEGV; passing the signal on, the program dies of it.
# args: segv
# expect: ^Program received signal SIGSEGV, Segmentation fault\.
# expect: ^#0 +(0x[0-9a-f]+ in )?main \(argc=2, argv=0x[0-9a-f]+\) at .*gdb-prog.c:5[0-9]$
# expect: ^Program terminated with signal SIGSEGV, Segmentation fault\.
# status: 139
continue
bt
continue
