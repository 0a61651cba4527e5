# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Draws an image in memory, makes a thumbnail and saves it as PNG in /tmp.
from PIL import Image, ImageDraw

img = Image.new("RGB", (320, 200), "white")
draw = ImageDraw.Draw(img)
draw.rectangle([20, 20, 300, 180], outline="navy", width=4)
draw.ellipse([100, 50, 220, 150], fill="orange")
img.thumbnail((64, 64))
img.save("/tmp/thumb.png")
print(Image.open("/tmp/thumb.png").size)
