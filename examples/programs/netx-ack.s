; netx-ack.s: ack program for Hilscher netX cards, after uio_netx's
; netx_handler() (drivers/uio/uio_netx.c, Linux 6.1).
;
; bar0 is the card's dual-port memory (MMIO, 64 KiB); INT_STAT0 (0xffe0)
; and INT_EN0 (0xfff0) are its host interrupt registers. The interrupt is
; ours when an enabled source in DPM_HOST_INT_MASK is pending; claiming it
; clears GLOBAL_EN (bit 31 of INT_EN0), which stops the card interrupting
; while the other enable bits stay. Those bits would still pass the C's
; test, so on a shared line it claims again while globally disabled: this
; program declines when GLOBAL_EN is clear, and on all-ones (uirq
; additions). The netx_plx variant has the memory in BAR2: the same
; programs with bar2, sed 's/bar0\[/bar2[/g' netx-*.s (docs/uio-stubs.md).
; Capture 0 is INT_STAT0, capture 1 the enabled pending sources.
.kind ack
.equ INT_STAT0, 0xffe0
.equ INT_EN0,   0xfff0
.equ INT_MASK,  0xe600ffff
.equ GLOBAL_EN, 0x80000000

        ld32  r0, bar0[INT_EN0]
        jclr  r0, GLOBAL_EN, not_mine   ; globally disabled: not asserting
        ld32  r1, bar0[INT_STAT0]
        jeq   r1, 0xffffffff, not_mine  ; gone
        mov   r2, r0
        and   r2, r1
        and   r2, INT_MASK
        jeq   r2, 0, not_mine
        and   r0, ~GLOBAL_EN & 0xffffffff
        st32  bar0[INT_EN0], r0         ; GLOBAL_EN off
        cap   0, r1
        cap   1, r2
        ret   handled
not_mine:
        ret   none
