; disable-ack.s: ack program for a "disable-style" device.
;
; Many devices cannot clear their interrupt cause in the handler: the
; cause goes away only when software services the device (drains a FIFO,
; completes a descriptor ring). They can, however, stop interrupting. The
; register layout assumed here (bar0, MMIO, 32-bit registers):
;
;   0x00 INT_STATUS  (RO) pending sources, one bit each
;   0x04 INT_ENABLE  (RW) sources allowed to assert INTx
;
; INTx is asserted while (INT_STATUS & INT_ENABLE) != 0. The interrupt is
; ours when that is non-zero; claiming it writes 0 to INT_ENABLE, which
; drops the line while the causes stay pending for user space to service.
; disable-enable.s then restores the mask. Capture 0 is the pending and
; enabled sources, capture 1 the raw status.
.kind ack
.equ INT_STATUS, 0x00
.equ INT_ENABLE, 0x04

        ld32  r0, bar0[INT_STATUS]
        jeq   r0, 0xffffffff, not_mine ; all-ones: device gone
        ld32  r1, bar0[INT_ENABLE]
        mov   r2, r0
        and   r2, r1                   ; pending and enabled
        jeq   r2, 0, not_mine          ; not asserting: someone else's
        st32  bar0[INT_ENABLE], 0
        cap   0, r2
        cap   1, r0
        ret   handled
not_mine:
        ret   none
