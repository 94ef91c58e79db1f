"""The Qt widgets; mainwindow wires them together."""
