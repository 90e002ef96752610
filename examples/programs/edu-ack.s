; edu-ack.s: ack program for QEMU's "edu" teaching device (1234:11e8).
;
; edu raises a level-triggered INTx and keeps it asserted while its
; interrupt status register (bar0 0x24) is non-zero; writing bits to
; 0x64 clears them. On a shared line this program runs for every
; interrupt of every device on the line, so it first decides whether the
; interrupt is ours: status zero means someone else's. All-ones means the
; read did not reach a device (surprise removal): never claim that.
; Acknowledging at the device drops the line before the handler returns,
; and the status goes to user space in capture slot 0.
.kind ack
.equ STATUS, 0x24               ; interrupt status (RO)
.equ ACK,    0x64               ; interrupt acknowledge (WO)

        ld32  r0, bar0[STATUS]
        jeq   r0, 0, not_mine          ; nothing pending: someone else's interrupt
        jeq   r0, 0xffffffff, not_mine ; all-ones: device gone or wrong access
        st32  bar0[ACK], r0
        cap   0, r0
        ret   handled
not_mine:
        ret   none
