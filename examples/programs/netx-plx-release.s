; netx-plx-release.s: generated from netx-release.s by s/bar0/bar2/ (the netx_plx
; variant maps its dual-port memory at BAR2). Keep the two in step.
; netx-release.s: release program for netX cards, uio_netx's remove():
; disable every host interrupt.
.kind release
        st32  bar2[0xfff0], 0           ; INT_EN0
        ret   quiet
