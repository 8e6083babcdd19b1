#!/bin/sh
# Registers by name from plugins: at a marker, a per-pc hook reads every
# register the guest loaded (x0-x30, v0-v31, fpcr, fpsr, nzcv, tpidr, pc)
# and checks it, then writes registers that the guest prints; reads fail
# in NO_REGS callbacks, writes in R_REGS ones and for the pc; set_pc from
# an instruction callback redirects; a register written between a compare
# and its branch does not change the branch.
. "${top_srcdir:-.}/tests/plugins/lib.sh"
need_plugin regs
need_guest regs

for mode in "" -one-insn-per-tb; do
    name=regs$mode
    run "$name" $mode -plugin "$TP/libregs.so" "$GUEST/regs"
    expect_rc "$name" 0
    e=$tmp/$name.err
    o=$tmp/$name.out
    expect_line "$name: description" "$e" \
        "regs: 75 registers; machine 183; v0 is 128 bits, aarch64v, org.gnu.gdb.aarch64.fpu, group vector, regnum 34"
    expect_line "$name: pc is read-only" "$e" "regs: pc read-only 1"
    expect_line "$name: every register as loaded" "$e" \
        "regs: 69 registers checked, 0 wrong"
    expect_line "$name: sp" "$e" "regs: sp ok"
    expect_line "$name: R_REGS" "$e" "regs: R_REGS read ok, write refused"
    expect_line "$name: NO_REGS" "$e" "regs: NO_REGS read refused"
    expect_line "$name: pc not writable" "$e" "regs: write pc refused"
    expect_line "$name: short buffer" "$e" "regs: short write refused"
    expect_line "$name: writes" "$e" "regs: writes done"
    expect_line "$name: the guest sees the writes" "$o" \
        "seen: x5=0x1122334455667788 v7=0x0badf00ddeadc0defeedfacecafebeef tpidr=0x7777666655554444 nzcv=0x60000000 fpcr=0x00400000"
    expect_line "$name: set_pc redirects" "$o" "redirect: x0=1"
    expect_line "$name: branch follows the flags" "$o" \
        "branch after compare: not taken"
done
exit $status
