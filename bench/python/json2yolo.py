"""COCO instances JSON -> YOLO detect labels, as Ultralytics' JSON2YOLO (general_json2yolo.convert_coco_json) does it:
load the JSON, index annotations by image, then per image and box: the COCO box made normalised
cx cy w h (with numpy when it imports, as JSON2YOLO does, plain floats otherwise), one label file
per image. Usage: json2yolo.py <instances.json> <labels-dir>. Prints one JSON line of figures."""
import json
import os
import resource
import sys
import time
from collections import defaultdict

started = time.monotonic()
try:
    import numpy as np
except ImportError:
    np = None

source, target = sys.argv[1], sys.argv[2]
os.makedirs(target, exist_ok=True)
with open(source) as f:
    data = json.load(f)
images = {f'{x["id"]:g}': x for x in data["images"]}
categories = {c["id"]: index for index, c in enumerate(sorted(data["categories"], key=lambda c: c["id"]))}
by_image = defaultdict(list)
for ann in data["annotations"]:
    by_image[ann["image_id"]].append(ann)

rows = 0
for image_id, anns in by_image.items():
    img = images[f"{image_id:g}"]
    h, w = img["height"], img["width"]
    lines = []
    for ann in anns:
        if ann.get("iscrowd", 0):
            continue
        if np is not None:
            box = np.array(ann["bbox"], dtype=np.float64)
            box[:2] += box[2:] / 2
            box[[0, 2]] /= w
            box[[1, 3]] /= h
            if box[2] <= 0 or box[3] <= 0:
                continue
            values = box.tolist()
        else:
            x, y, bw, bh = ann["bbox"]
            if bw <= 0 or bh <= 0:
                continue
            values = [(x + bw / 2) / w, (y + bh / 2) / h, bw / w, bh / h]
        lines.append(("%g " * 5).rstrip() % (categories[ann["category_id"]], *values))
    stem = os.path.splitext(os.path.basename(img["file_name"]))[0]
    with open(os.path.join(target, stem + ".txt"), "a") as file:
        file.write("\n".join(lines) + "\n")
    rows += len(lines)

usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "user_s": usage.ru_utime, "sys_s": usage.ru_stime, "wall_s": time.monotonic() - started,
    "rss_peak": usage.ru_maxrss * 1024, "rows": rows, "numpy": np is not None,
}))
