; sercos3-ack.s: ack program for the Automata Sercos III PCI card, after
; uio_sercos3's sercos3_handler() (drivers/uio/uio_sercos3.c, Linux 6.1).
;
; bar4 (the driver's mem[3], MMIO) holds IER0 (0x08, interrupt enables)
; and ISR0 (0x18, interrupt status). The interrupt is ours when an enabled
; source is pending. The C then ORs IER0 into a kernel-side cache and
; writes IER0 = 0; its irqcontrol(1) writes IER0 |= cache. uirq programs
; keep no state between runs, so this program hands the enables it took
; away to user space in capture 0, and the driver restores them by
; writing IER0 |= cap[0] through its mapping of bar4 (docs/uio-stubs.md).
; With IER0 = 0 the card cannot interrupt, and this program declines.
; Capture 1 is ISR0.
.kind ack
.equ IER0, 0x08
.equ ISR0, 0x18

        ld32  r0, bar4[ISR0]
        jeq   r0, 0xffffffff, not_mine  ; gone (uirq addition)
        ld32  r1, bar4[IER0]
        mov   r2, r0
        and   r2, r1
        jeq   r2, 0, not_mine
        st32  bar4[IER0], 0
        cap   0, r1                     ; the enables taken away
        cap   1, r0
        ret   handled
not_mine:
        ret   none
