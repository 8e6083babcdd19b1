# Compares two per-instruction register traces (-d cpu logs of
# qemu-aarch64 -singlestep and emu -one-insn-per-tb), block by block, and
# reports the first instruction whose register state differs. Used by
# tests/lockstep.sh, which explains the legitimate differences this
# normalises. Variables:
#   qlog, elog   the two logs (files or FIFOs)
#   disfile      the program's disassembly: "PC<TAB>mnemonic<TAB>operands"
#                with PC in 16 hex digits (may be empty)
#   qhw, ehw     AT_HWCAP of qemu's CPU model and of emu, in hex
#   minsigstksz  emu's AT_MINSIGSTKSZ value, in hex
#   maxn         stop after this many instructions (0: no limit)
#   report       file to write "lastpc PC" to, for the caller
# Portable awk (mawk: no bit operations): values stay strings; arithmetic
# only on values below 2^52, where doubles are exact.

function hexval(s,    i, v) {
    v = 0
    for (i = 1; i <= length(s); i++) {
        v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    }
    return v
}

# Bitwise AND and XOR of two numbers below 2^16, a bit at a time.
function band(a, b,    r, bit) {
    r = 0
    for (bit = 1; a > 0 && b > 0; bit *= 2) {
        if (a % 2 == 1 && b % 2 == 1) r += bit
        a = int(a / 2)
        b = int(b / 2)
    }
    return r
}

function bxor(a, b,    r, bit) {
    r = 0
    for (bit = 1; a > 0 || b > 0; bit *= 2) {
        if (a % 2 != b % 2) r += bit
        a = int(a / 2)
        b = int(b / 2)
    }
    return r
}

# Below 2^52, so exact as a double.
function small(v) {
    return substr(v, 1, 3) == "000"
}

# The next register block of one log: the header line " PC=..." and the
# register lines after it, up to the next header. Other lines (messages
# emu writes into its log) are kept in extra[which]. "" at the end.
function readblock(which, f,    line, blk, r) {
    if (pending[which] == "") {
        for (;;) {
            r = (getline line < f)
            if (r <= 0) {
                eof[which] = 1
                return ""
            }
            if (line ~ /^ ?PC=/) break
            if (line != "") extra[which] = extra[which] line "\n"
        }
        pending[which] = line
    }
    blk = pending[which]
    pending[which] = ""
    for (;;) {
        r = (getline line < f)
        if (r <= 0) {
            eof[which] = 1
            break
        }
        if (line ~ /^ ?PC=/) {
            pending[which] = line
            break
        }
        if (line ~ /^(X[0-9][0-9]=|PSTATE=|Q[0-9][0-9]=)/) {
            blk = blk "\n" line
        } else if (line != "") {
            extra[which] = extra[which] line "\n"
        }
    }
    return blk
}

# Register name -> value, for one block.
function parse(blk, regs,    n, t, i, eq) {
    n = split(blk, t, /[ \n]+/)
    for (i = 1; i <= n; i++) {
        eq = index(t[i], "=")
        if (eq > 1) regs[substr(t[i], 1, eq - 1)] = substr(t[i], eq + 1)
    }
}

function note(kind, text) {
    lastkind = kind
    if (!(kind in normcount)) {
        normorder[++nkinds] = kind
        normfirst[kind] = "first at instruction " n ": " text
    }
    normcount[kind]++
}

# Whether qemu's value q and emu's value e of register r are the same
# once the legitimate differences are taken out.
function same(r, q, e,    qv, ev, k, ql, el) {
    # A vector register: each 64-bit half on its own (va_list copies,
    # memcpy of structures full of pointers).
    if (r ~ /^Q/ && length(q) == 33 && length(e) == 33) {
        return (substr(q, 1, 16) == substr(e, 1, 16) ||
                same("X", substr(q, 1, 16), substr(e, 1, 16))) &&
               (substr(q, 18) == substr(e, 18) ||
                same("X", substr(q, 18), substr(e, 18)))
    }
    if (r !~ /^(X[0-9][0-9]|SP|X)$/) return 0

    # AT_HWCAP: a register whose values differ in exactly the bits where
    # the two CPU models differ, each side with its own pattern there.
    if (hwdiff > 0 && substr(q, 1, 13) == substr(e, 1, 13)) {
        ql = hexval(substr(q, 14))
        el = hexval(substr(e, 14))
        if (bxor(ql, el) == hwdiff && band(ql, hwdiff) == qhwbits &&
            band(el, hwdiff) == ehwbits) {
            note("AT_HWCAP", r " qemu " q " emu " e)
            return 1
        }
    }

    # AT_MINSIGSTKSZ's value where qemu, which lacks the entry, has 0
    # (glibc copies it to _dl_minsigstacksize).
    if (e == minsig && q == "0000000000000000") {
        note("AT_MINSIGSTKSZ value", r " qemu " q " emu " e)
        return 1
    }

    # Pairs learnt before: system call results, derived values.
    if ((q in vmap) && vmap[q] == e) {
        note("learnt value (" vkind[q] ")", r " qemu " q " emu " e)
        return 1
    }

    if (!small(q) || !small(e)) return 0
    qv = hexval(q)
    ev = hexval(e)

    # Stack addresses, when the initial stack pointers differ.
    if (spdelta != 0 && qv - ev == spdelta && qv < qsp0 + 65536 &&
        qv > qsp0 - 67108864) {
        note("stack address", r " qemu " q " emu " e)
        return 1
    }

    # The low 32 bits of such an address (kept in an int, say).
    if (spdelta != 0 && qv - ev == spdelta && qv < 4294967296 &&
        qv < qsp0lo + 65536 && qv > qsp0lo - 1048576) {
        note("stack address, low 32 bits", r " qemu " q " emu " e)
        return 1
    }

    # Addresses in regions placed by mmap or brk: the same offset.
    for (k = 1; k <= nregions; k++) {
        if (qv >= rq[k] && qv < rq[k] + rlen[k] &&
            ev - re[k] == qv - rq[k]) {
            note("address in a " rkind[k] " region", r " qemu " q " emu " e)
            return 1
        }
    }
    return 0
}

# Compares qb and eb (qemu's and emu's blocks) token by token. Returns
# the registers that differ, as " NAME NAME...", and leaves in normnow[]
# the registers that differ legitimately (for the next instruction), as
# "addr" (an address each emulator placed itself: what it points to is
# the same) or "val" (a value that differs: what is computed from it, or
# loaded through it, may differ too).
function compare_blocks(    i, nq, ne, qt, et, eq, r, q, e, bad) {
    split("", normnow)
    bad = ""
    nq = split(qb, qt, /[ \n]+/)
    ne = split(eb, et, /[ \n]+/)
    if (nq != ne) return " layout"
    for (i = 1; i <= nq; i++) {
        if (qt[i] == et[i]) {
            if (ntaint > 0) {
                eq = index(qt[i], "=")
                r = substr(qt[i], 1, eq - 1)
                if (r in taintq) untaint(r)
            }
            continue
        }
        eq = index(qt[i], "=")
        if (eq == 0) continue       # the flag letters after PSTATE
        r = substr(qt[i], 1, eq - 1)
        q = substr(qt[i], eq + 1)
        e = substr(et[i], eq + 1)
        if (r in taintq) {
            if (taintq[r] == q && tainte[r] == e) {
                normnow[r] = "val"
                continue
            }
            untaint(r)
        }
        # Stack addresses repeat a lot: remember what same() said.
        if ((q "," e) in memo && r ~ /^(X|SP|Q)/) {
            normcount[memo[q "," e]]++
            normnow[r] = kindclass(memo[q "," e])
            continue
        }
        if (same(r, q, e)) {
            normnow[r] = kindclass(lastkind)
            if (r ~ /^(X|SP|Q)/) memo[q "," e] = lastkind
            continue
        }
        bad = bad " " r
        badq[r] = q
        bade[r] = e
    }
    return bad
}

function kindclass(kind) {
    return kind ~ /^(stack address|address in)/ ? "addr" : "val"
}

function taint(r, q, e) {
    if (!(r in taintq)) ntaint++
    taintq[r] = q
    tainte[r] = e
}

function untaint(r) {
    delete taintq[r]
    delete tainte[r]
    ntaint--
}

# An operand's register as the traces name it ("x3", "w3" -> "X03").
function regname(op) {
    if (op == "sp" || op == "wsp") return "SP"
    if (op ~ /^[xw]([0-9]|[12][0-9]|30)$/) {
        return sprintf("X%02d", substr(op, 2) + 0)
    }
    return ""
}

# Divergences that follow from a legitimate difference: the instruction
# that ran (at the previous PC) computed its result from a register whose
# values differed legitimately (a stack address masked to its page
# offset: "and x4, x0, #0xfff"; a process id turned into digits), or
# loaded it through an address computed from such a value. Such a result
# differs legitimately too: it is tolerated, and remembered as a pair of
# values, until either side overwrites the register. A load through an
# address that only differs as a placed address ("addr": the stack,
# mmap regions) must load the same value. Only the registers the
# instruction writes may differ, and the flags only if it sets them.
function derived(bad, pc,    ins, mn, ops, addr, o, no, i, r, dst, src,
                 nb, b, flags, load) {
    if (!(pc in dis)) return 0
    ins = dis[pc]
    mn = ins
    sub(/\t.*/, "", mn)
    ops = ins
    if (!sub(/^[^\t]*\t/, "", ops)) ops = ""
    sub(/ *\/\/.*/, "", ops)
    sub(/ *<.*/, "", ops)
    if (mn ~ /^(st|b|bl|br|blr|ret|cb|tb|svc|prfm|dc|ic|msr|hint|nop)/ &&
        mn !~ /^(bic|bics|bfi|bfm|bfxil)$/) {
        return 0
    }
    load = mn ~ /^ld/
    flags = mn ~ /^(adds|subs|ands|bics|adcs|sbcs|negs|ngcs)$/ ||
            mn ~ /^(cmp|cmn|tst|ccmp|ccmn)$/
    addr = ""
    if (index(ops, "[")) {
        addr = substr(ops, index(ops, "[") + 1)
        sub(/\].*/, "", addr)
        ops = substr(ops, 1, index(ops, "[") - 1)
    }
    split("", dst)
    src = 0
    no = split(ops, o, /[ ,]+/)
    for (i = 1; i <= no; i++) {
        r = regname(o[i])
        if (r == "") continue
        if (load || (i == 1 && mn !~ /^(cmp|cmn|tst|ccmp|ccmn)$/)) {
            dst[r] = 1
        } else if (r in normprev) {
            src = 1
        }
    }
    no = split(addr, o, /[ ,]+/)
    for (i = 1; i <= no; i++) {
        r = regname(o[i])
        if (r != "" && (r in normprev) && (!load || normprev[r] == "val")) {
            src = 1
        }
    }
    if (!src) return 0
    nb = split(bad, b, " ")
    for (i = 1; i <= nb; i++) {
        if (b[i] in dst) continue
        if (b[i] == "PSTATE" && flags) continue
        return 0
    }
    for (i = 1; i <= nb; i++) {
        taint(b[i], badq[b[i]], bade[b[i]])
        normnow[b[i]] = "val"
        if (b[i] != "PSTATE") {
            vmap[badq[b[i]]] = bade[b[i]]
            vkind[badq[b[i]]] = "computed from one"
        }
        note("computed from a normalised value", b[i] " qemu " badq[b[i]] \
             " emu " bade[b[i]] " by \"" ins "\" at " pc)
    }
    return 1
}

# Values from getrandom (see learn_syscall): random looking X registers,
# no more than the bytes drawn allow.
function random_values(bad,    nb, b, i) {
    nb = split(bad, b, " ")
    if (nb > random_budget) return 0
    for (i = 1; i <= nb; i++) {
        if (b[i] !~ /^X/ || small(badq[b[i]]) || small(bade[b[i]])) return 0
    }
    for (i = 1; i <= nb; i++) {
        random_budget--
        vmap[badq[b[i]]] = bade[b[i]]
        vkind[badq[b[i]]] = "getrandom bytes"
        normnow[b[i]] = "val"
        note("getrandom bytes", b[i] " qemu " badq[b[i]] " emu " bade[b[i]])
    }
    return 1
}

# After a system call: learn what each emulator chose for itself.
function learn_syscall(nr, len,    q, e, k, qr, er) {
    if (nr == 278) {
        # getrandom: qemu takes the bytes from the host, -seed or not.
        # They show in registers later, when the program loads them
        # (glibc's malloc keeps 8 as its tcache key): that many random
        # looking values may differ then, each learnt where it first
        # shows.
        random_budget += int((hexval(len) + 7) / 8)
        note("getrandom call", len " bytes")
        return
    }
    parse(qb, qr)
    parse(eb, er)
    q = qr["X00"]
    e = er["X00"]
    if (q == e) return
    if (nr == 96 || nr == 172 || nr == 173 || nr == 178) {
        # set_tid_address, getpid, getppid, gettid
        vmap[q] = e
        vkind[q] = "a process or thread id"
        note("system call " nr " result", "qemu " q " emu " e)
    } else if ((nr == 222 || nr == 214) && small(q) && small(e)) {
        k = ++nregions
        rq[k] = hexval(q)
        re[k] = hexval(e)
        if (nr == 222) {
            rlen[k] = hexval(len)
            rkind[k] = "mmap"
        } else {
            rlen[k] = 1073741824
            rkind[k] = "brk"
        }
        note("system call " nr " result", "qemu " q " emu " e)
    }
}

# A divergence that is emu walking into an auxv entry qemu does not
# have: one X register, AT_NULL (0) in qemu, such an entry's type in emu.
function auxv_extra(bad,    r) {
    if (bad !~ /^ X[0-9][0-9]$/) return ""
    r = substr(bad, 2)
    if (badq[r] == "0000000000000000" && (badq[r] "," bade[r]) in auxvextra) {
        return r
    }
    return ""
}

# The last instructions both ran, with their disassembly.
function history(    i, pc) {
    print "--- the instructions before it (qemu-aarch64's path):"
    for (i = n - 15; i < n; i++) {
        if (i < 1 || !((i % 16) in hist)) continue
        pc = hist[i % 16]
        printf "  %8d  %s  %s\n", i, pc, (pc in dis) ? dis[pc] : "?"
    }
}

function show(title, blk) {
    print title
    print blk
}

BEGIN {
    if (disfile != "") {
        while ((getline line < disfile) > 0) {
            i = index(line, "\t")
            dis[substr(line, 1, i - 1)] = substr(line, i + 1)
            if (line ~ /^[0-9a-f]+\tsvc\t/) svc[substr(line, 1, i - 1)] = 1
        }
        close(disfile)
    }
    sub(/^0[xX]/, "", qhw)
    sub(/^0[xX]/, "", ehw)
    qhwv = hexval(tolower(qhw)) % 4096
    ehwv = hexval(tolower(ehw)) % 4096
    hwdiff = bxor(qhwv, ehwv)
    qhwbits = band(qhwv, hwdiff)
    ehwbits = band(ehwv, hwdiff)
    sub(/^0[xX]/, "", minsigstksz)
    minsig = sprintf("%016s", tolower(minsigstksz))
    gsub(/ /, "0", minsig)
    # AT_MINSIGSTKSZ (51): a type only emu's auxv has.
    auxvextra["0000000000000000,0000000000000033"] = 1

    n = 0
    status = 0
    for (;;) {
        qb = readblock("q", qlog)
        eb = readblock("e", elog)
        if (qb == "" || eb == "") break
        n++
        if (n == 1) {
            parse(qb, q0)
            parse(eb, e0)
            qsp0 = hexval(q0["SP"])
            qsp0lo = hexval(substr(q0["SP"], 9))
            spdelta = qsp0 - hexval(e0["SP"])
            if (spdelta != 0) {
                note("initial stack pointer", "qemu " q0["SP"] " emu " e0["SP"])
            }
        }
        qpc = substr(qb, index(qb, "PC=") + 3, 16)
        if (learn_pending) {
            learn_syscall(lnr, llen)
            learn_pending = 0
        }
        split("", normprev)
        for (r in normnow) normprev[r] = normnow[r]
        if (qb == eb) {
            split("", normnow)
            if (ntaint > 0) {
                for (r in taintq) untaint(r)
            }
        } else {
            bad = compare_blocks()
            if (bad != "" && !resynced && (r = auxv_extra(bad)) != "") {
                # glibc's auxv walk takes one more round in emu: skip
                # emu's instructions until it is at the same PC with the
                # same value in that register, past the entry. What the
                # extra round left in registers is tolerated until
                # overwritten.
                for (k = 1; k <= 32; k++) {
                    eb = readblock("e", elog)
                    if (eb == "") break
                    split("", er)
                    parse(eb, er)
                    if (er["PC"] == qpc && er[r] == badq[r]) break
                }
                if (eb != "" && k <= 32) {
                    resynced = 1
                    eskip += k
                    note("auxv entry only emu has", "emu ran " k \
                         " more instructions in its auxv walk")
                    bad = compare_blocks()
                    split(bad, b, " ")
                    for (i = 1; i in b; i++) taint(b[i], badq[b[i]], bade[b[i]])
                    bad = ""
                }
            }
            if (bad != "" && derived(bad, prevpc)) bad = ""
            if (bad != "" && random_values(bad)) bad = ""
            if (bad != "") {
                status = 1
                break
            }
        }
        # A system call? Then the next block shows its result.
        if (qpc in svc) {
            split("", qr)
            parse(qb, qr)
            learn_pending = 1
            lnr = hexval(qr["X08"])
            llen = qr["X01"]
        }
        prevq = qb
        prevpc = qpc
        hist[n % 16] = qpc
        if (maxn > 0 && n >= maxn) break
    }

    if (status == 1) {
        print "lockstep: first divergence at instruction " n \
              (eskip ? " (emu's " n + eskip ")" : "")
        split(bad, b, " ")
        for (i = 1; i in b; i++) {
            printf "  %-6s qemu-aarch64 %s   emu %s\n", b[i], badq[b[i]],
                   bade[b[i]]
        }
        if (prevq != "") {
            print "  (the state before agreed: the instruction at PC " \
                  prevpc " made the difference)"
            show("--- the state before, qemu-aarch64's (emu's agreed):", prevq)
            print "lastpc " prevpc > report
        }
        show("--- qemu-aarch64, instruction " n ":", qb)
        show("--- emu, instruction " n ":", eb)
        history()
    } else if (maxn > 0 && n >= maxn) {
        print "lockstep: the first " n " instructions agree (limit reached)"
    } else if (qb == "" && eb == "") {
        print "lockstep: " n " instructions" \
              (eskip ? " (emu " n + eskip ")" : "") \
              ", the same register state before each"
    } else {
        status = 1
        if (qb == "") {
            print "lockstep: qemu-aarch64's trace ends after " n \
                  " instructions, emu's goes on:"
            show("--- emu, instruction " n + 1 ":", eb)
        } else {
            print "lockstep: emu's trace ends after " n \
                  " instructions, qemu-aarch64's goes on:"
            show("--- qemu-aarch64, instruction " n + 1 ":", qb)
        }
        if (prevq != "") {
            print "lastpc " prevpc > report
            show("--- the last state both traces have (qemu-aarch64's):", prevq)
        }
    }
    if (extra["e"] != "") {
        printf "--- other lines in emu's log:\n%s", extra["e"]
    }
    if (extra["q"] != "") {
        printf "--- other lines in qemu-aarch64's log:\n%s", extra["q"]
    }
    if (nkinds > 0) {
        print "--- normalised (legitimate differences, not divergences):"
        for (i = 1; i <= nkinds; i++) {
            k = normorder[i]
            printf "  %-34s %7d times, %s\n", k, normcount[k], normfirst[k]
        }
    }
    exit status
}
