; uart16550-release.s: quiet a 16550 (res0 = its 8 ports) for good.
;
; IER = 0 disables every source; then the registers that clear a cause
; still latched are read, so the line is left low. Harmless twice.
.kind release
.equ RBR, 0
.equ IER, 1
.equ IIR, 2
.equ LSR, 5
.equ MSR, 6

        st8   res0[IER], 0
        ld8   r0, res0[LSR]
        ld8   r0, res0[RBR]
        ld8   r0, res0[IIR]
        ld8   r0, res0[MSR]
        ret   quiet
