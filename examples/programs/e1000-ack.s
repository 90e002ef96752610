; e1000-ack.s: ack program for QEMU's e1000 (Intel 82540EM, 8086:100e):
; a read-to-clear interrupt cause register.
;
; bar0 is the 128 KiB register BAR (MMIO, 32-bit registers). QEMU 7.2's
; model (hw/net/e1000.c):
;   ICR  0xc0  causes; a read returns them and clears ALL of them, masked
;              causes included (mac_icr_read: set_interrupt_cause(s, 0, 0)),
;              which drops INTx: the read is the acknowledge
;   ICS  0xc8  write: ORs causes into ICR (set_ics); QEMU mirrors ICR into
;              it and reads it without clearing (real 8254x: write-only)
;   IMS  0xd0  read: the enable mask; write: sets mask bits (set_ims)
;   IMC  0xd8  write: clears mask bits (set_imc)
; INTx is asserted while (ICR & IMS) != 0: IMS gates the line. A cause
; raised while masked stays latched in ICR and asserts the moment IMS
; enables it; IMC drops the line at once.
;
; On a shared line this runs for every device's interrupt, and reading
; ICR is destructive, so first look at IMS: with nothing enabled the
; device cannot be asserting, and its latched causes are left alone.
; Otherwise read ICR (acknowledging whatever it holds, as Linux's
; e1000_intr() does) and claim only if an enabled cause was pending.
; Capture 0: the causes acknowledged; capture 1: the mask.
.kind ack
.equ ICR, 0xc0
.equ IMS, 0xd0

        ld32  r1, bar0[IMS]
        jeq   r1, 0, not_mine          ; nothing enabled: not asserting
        jeq   r1, 0xffffffff, not_mine ; all-ones: device gone
        ld32  r0, bar0[ICR]            ; read-to-clear: the acknowledge
        mov   r2, r0
        and   r2, r1
        jeq   r2, 0, not_mine          ; no enabled cause: someone else's
        cap   0, r0
        cap   1, r1
        ret   handled
not_mine:
        ret   none
