# Compares two per-instruction register traces (-d cpu logs of
# qemu-aarch64 -singlestep and emu -one-insn-per-tb), block by block, and
# reports the first instruction whose register state differs. Used by
# tests/lockstep.sh, which explains the variables:
#   qlog, elog   the two logs (files or FIFOs)
#   svcfile      the PCs of the program's SVC instructions, 16 hex digits
#   qhw, ehw     AT_HWCAP of qemu's CPU model and of emu, in hex
#   maxn         stop after this many instructions (0: no limit)
#   report       file for the last compared PC (for disassembly)
# Values that legitimately differ are normalised, counted, and listed at
# the end; see "normalise" below. Written for POSIX awk (mawk, no bit
# operations): 64-bit values stay strings; arithmetic only on values below
# 2^53, where doubles are exact.

function hexval(s,    i, v) {
    v = 0
    s = tolower(s)
    for (i = 1; i <= length(s); i++) {
        v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    }
    return v
}

# Bitwise AND and XOR of two numbers below 2^16, one bit at a time.
function band(a, b,    r, bit) {
    r = 0
    for (bit = 1; a > 0 || b > 0; bit *= 2) {
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

# A value small enough (below 2^52) for exact arithmetic.
function small(v) {
    return substr(v, 1, 3) == "000"
}

# Reads the next register block of one log: the header line " PC=..."
# and the lines after it up to the next header. Other lines (messages
# emu writes into its log) are kept in extra[which]. Returns "" at EOF.
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

# Register name -> value of one block, into the array given.
function parse(blk, regs,    n, t, i, eq) {
    n = split(blk, t, /[ \n]+/)
    for (i = 1; i <= n; i++) {
        eq = index(t[i], "=")
        if (eq > 1) regs[substr(t[i], 1, eq - 1)] = substr(t[i], eq + 1)
    }
}

function note(kind, text) {
    if (!(kind in normcount)) {
        normorder[++nkinds] = kind
        normfirst[kind] = "first at instruction " n ": " text
    }
    normcount[kind]++
}

# Whether qemu's value q and emu's value e of register r are the same
# once legitimate differences are taken out.
function same(r, q, e,    qv, ev, k, ql, el, d) {
    if (q == e) return 1
    if (r !~ /^(X[0-9][0-9]|SP)$/) return 0

    # 1. AT_HWCAP: qemu's cortex-a53 advertises aes pmull sha1 sha2 but
    # not evtstrm, emu the reverse. glibc copies the value around
    # (ifunc resolvers get it in x0, with bit 62 set). A register whose
    # values differ in exactly those bits, each side having its own
    # model's pattern there, is taken to hold AT_HWCAP.
    if (substr(q, 1, 13) == substr(e, 1, 13) && hwdiff > 0) {
        ql = hexval(substr(q, 14))
        el = hexval(substr(e, 14))
        if (bxor(ql, el) == hwdiff && band(ql, hwdiff) == band(qhwv, hwdiff) &&
            band(el, hwdiff) == band(ehwv, hwdiff)) {
            note("hwcap", r " qemu " q " emu " e)
            return 1
        }
    }

    # 2. Values learnt from system calls whose results each emulator
    # picks itself (thread and process ids, getrandom bytes).
    if ((q in vmap) && vmap[q] == e) {
        note("value " vkind[q], r " qemu " q " emu " e)
        return 1
    }

    if (!small(q) || !small(e)) return 0
    qv = hexval(q)
    ev = hexval(e)

    # 3. The stack: when the initial stack pointers differ (emu's auxv
    # has AT_MINSIGSTKSZ, qemu 7.2's does not, so emu's frame sits 16
    # bytes lower), addresses in the stack may differ by that much.
    if (spdelta != 0 && qv - ev == spdelta && qv < qsp0 + 65536 &&
        qv > qsp0 - 67108864) {
        note("stack", r " qemu " q " emu " e)
        return 1
    }

    # 4. Mappings placed by mmap or brk: same offset in the region.
    for (k = 1; k <= nregions; k++) {
        if (qv >= rq[k] && qv < rq[k] + rlen[k] &&
            ev - re[k] == qv - rq[k]) {
            note("region " rkind[k], r " qemu " q " emu " e)
            return 1
        }
    }
    return 0
}

# After a system call: learn what each emulator chose for itself.
function learn_syscall(nr, qx0, ex0, len,    k, q0, e0) {
    if (nr == 278) {
        # getrandom: the bytes are random in qemu (it passes the call to
        # the host, -seed or not). They show up in registers later, when
        # the program loads them (glibc's malloc keeps 8 of them as its
        # tcache key): that many differing values may be learnt then.
        random_budget += int((hexval(len) + 7) / 8)
        return
    }
    if (qx0 == ex0) return
    if (nr == 96 || nr == 172 || nr == 173 || nr == 178) {
        # set_tid_address, getpid, getppid, gettid
        vmap[qx0] = ex0
        vkind[qx0] = "of a process or thread id"
        note("syscall " nr " result", "qemu " qx0 " emu " ex0)
        return
    }
    if ((nr == 222 || nr == 214) && small(qx0) && small(ex0)) {
        # mmap, brk: a region each emulator places itself
        k = ++nregions
        rq[k] = hexval(qx0)
        re[k] = hexval(ex0)
        if (nr == 222) {
            rlen[k] = hexval(len)
            rkind[k] = "mmap"
        } else {
            rlen[k] = 1073741824
            rkind[k] = "brk heap"
        }
        vmap[qx0] = ex0
        vkind[qx0] = "placed by " rkind[k]
        note("syscall " nr " result", "qemu " qx0 " emu " ex0)
    }
}

function show(title, blk) {
    print title
    print blk
}

BEGIN {
    if (svcfile != "") {
        while ((getline line < svcfile) > 0) svc[line] = 1
        close(svcfile)
    }
    # The registers in the order they are printed.
    nregnames = 0
    regnames[++nregnames] = "PC"
    for (i = 0; i < 31; i++) regnames[++nregnames] = sprintf("X%02d", i)
    regnames[++nregnames] = "SP"
    regnames[++nregnames] = "PSTATE"
    regnames[++nregnames] = "FPCR"
    regnames[++nregnames] = "FPSR"
    for (i = 0; i < 32; i++) regnames[++nregnames] = sprintf("Q%02d", i)
    sub(/^0[xX]/, "", qhw)
    sub(/^0[xX]/, "", ehw)
    qhwv = hexval(qhw)
    ehwv = hexval(ehw)
    hwdiff = bxor(qhwv, ehwv)
    n = 0
    status = 0
    for (;;) {
        qb = readblock("q", qlog)
        eb = readblock("e", elog)
        if (qb == "" || eb == "") break
        n++
        if (n == 1) {
            parse(qb, q0regs)
            parse(eb, e0regs)
            qsp0 = hexval(q0regs["SP"])
            spdelta = qsp0 - hexval(e0regs["SP"])
            if (spdelta != 0) {
                note("initial sp", "qemu " q0regs["SP"] " emu " e0regs["SP"])
            }
        }
        if (qb != eb || learn_pending) {
            split("", qr)
            split("", er)
            parse(qb, qr)
            parse(eb, er)
            if (learn_pending) {
                learn_syscall(lnr, qr["X00"], er["X00"], llen)
                learn_pending = 0
            }
            bad = ""
            for (ri = 1; ri <= nregnames; ri++) {
                r = regnames[ri]
                if (!(r in qr) && !(r in er)) continue
                if (!(r in qr) || !(r in er)) {
                    bad = bad " " r
                } else if (!same(r, qr[r], er[r])) {
                    if (random_budget > 0 && r ~ /^X/ && qr["PC"] == er["PC"]) {
                        random_budget--
                        vmap[qr[r]] = er[r]
                        vkind[qr[r]] = "from getrandom"
                        note("getrandom bytes", r " qemu " qr[r] " emu " er[r])
                    } else {
                        bad = bad " " r
                    }
                }
            }
            if (bad != "") {
                status = 1
                break
            }
        }
        # Is this instruction a system call? Then the next block shows
        # its result.
        pc = substr(qb, index(qb, "PC=") + 3, 16)
        if (pc in svc) {
            split("", qr)
            parse(qb, qr)
            learn_pending = 1
            lnr = hexval(qr["X08"])
            llen = qr["X01"]
        }
        prevq = qb
        preve = eb
        if (maxn > 0 && n >= maxn) break
    }

    if (status == 1) {
        print "lockstep: first divergence at instruction " n
        split(bad, regs, " ")
        for (i = 1; i in regs; i++) {
            printf "  %-6s qemu-aarch64 %s   emu %s\n", regs[i], qr[regs[i]],
                   er[regs[i]]
        }
        if (prevq != "") {
            print "  (the state before it agreed; the instruction at its" \
                  " PC produced the difference)"
            show("--- the state before, qemu-aarch64's (emu's agreed):", prevq)
            split("", pr)
            parse(prevq, pr)
            print "lastpc " pr["PC"] > report
        }
        show("--- qemu-aarch64, instruction " n ":", qb)
        show("--- emu, instruction " n ":", eb)
    } else if (maxn > 0 && n >= maxn) {
        print "lockstep: the first " n " instructions agree (limit reached)"
    } else if (qb == "" && eb == "") {
        print "lockstep: " n " instructions, the same register state" \
              " before each"
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
            split("", pr)
            parse(prevq, pr)
            print "lastpc " pr["PC"] > report
            show("--- the last state both traces have:", prevq)
        }
    }
    if (extra["e"] != "") {
        printf "--- other lines in emu's log:\n%s", extra["e"]
    }
    if (extra["q"] != "") {
        printf "--- other lines in qemu-aarch64's log:\n%s", extra["q"]
    }
    if (nkinds > 0) {
        print "--- normalised (legitimate differences, not counted as" \
              " divergence):"
        for (i = 1; i <= nkinds; i++) {
            k = normorder[i]
            printf "  %-28s %6d times, %s\n", k, normcount[k], normfirst[k]
        }
    }
    exit status
}
