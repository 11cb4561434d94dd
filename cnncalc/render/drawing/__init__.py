"""What the picture formats (`render/svg.py`, `mermaid.py`, `dot.py`, `html.py`, written by
`cnncalc draw`) share: what is drawn (`picture.py`: nodes, wires, blocks), where it goes
(`layout.py`, geometry only), text in SVG (`svgtext.py`) and the tutorials' figure of
feature maps (`maps.py`). Only valid reports are drawn: a picture of shapes that could not
be computed would show what the user did not mean."""
