# Monitor commands: help, the register description, the log items.
# expect: ^emu monitor commands:$
# expect: ^  plugin load PATH\[,ARGS\]
# expect: ^architecture: aarch64$
# expect: ^files: aarch64-core.xml aarch64-fpu.xml aarch64-sys.xml aarch64-tls.xml aarch64.xml target.xml$
# expect: ^  org.gnu.gdb.aarch64.core: x0 x1 x2 x3 \.\.\. \(34 registers\)$
# expect: ^  org.emu.aarch64.sys: tpidrro_el0
# expect: ^log items set to unimp,strace$
# expect: ^log items now: unimp strace$
# expect: ^log items set to none$
# expect: ^emu: unknown monitor command 'frobnicate'
# expect: ^emu: log: unknown log item 'bogus'
# expect: ^no plugins loaded$
# stdout: ^x=48 counter=2 result=42$
# status: 42
monitor help
monitor info registers-xml
monitor log unimp,strace
monitor log
monitor log none
monitor plugin list
monitor frobnicate
monitor log bogus
continue
