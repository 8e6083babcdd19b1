# A signal the program sends itself (abort): gdb sees it first and can
# look at the stack, then the program dies of it.
# args: abort
# expect: ^Program received signal SIGABRT, Aborted\.
# expect: ^#[0-9]+ +0x[0-9a-f]+ in abort \(\)
# expect: ^#[0-9]+ +0x[0-9a-f]+ in main \(argc=2,
# expect: ^Program terminated with signal SIGABRT, Aborted\.
# status: 134
continue
bt
continue
