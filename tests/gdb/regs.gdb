# Registers: gdb's view at probe() against the values the program put
# there and printed (tpidr is checked by test-gdb.sh against its output).
# prog: gdb-regs
# expect: ^x19 +0xabcd000000001919 
# expect: ^x20 +0x2020 
# expect: ^x28 +0x2828 
# expect: ^sp +0x[0-9a-f]+ 
# expect: ^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <probe(\+[0-9]+)?>
# expect: ^cpsr +0x60000000 
# expect: ^v0 +\{
# expect: ^v31 +\{
# expect: ^fpsr +0x
# expect: ^fpcr +0x1000000 
# expect: ^tpidr +0x[0-9a-f]+
# expect: ^tpidrro_el0 +0x
# expect: ^midr_el1 +0x410fd034 
# expect: ^cntfrq_el0 +0x3b9aca00 
# expect: ^\$1 = 4609434218613702656$
# expect: ^\$2 = -2$
# expect: ^\$3 = 0x60000000$
# expect: ^\$4 = 0x1000000$
# expect: ^tpidr-is 0x[0-9a-f]+$
# expect: ^\[Inferior 1 \([^)]*\) exited normally\]
# status: 0
break probe
continue
info registers
info all-registers
p $v0.d.u[0]
p $v31.d.f[0]
p/x $cpsr
p/x $fpcr
printf "tpidr-is 0x%lx\n", $tpidr
echo ---- system group\n
info registers system
continue
