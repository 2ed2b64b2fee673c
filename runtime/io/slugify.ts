/**
 * A lowercase ascii kebab-case slug for readable file names:
 * "COCO 1.0 Export" -> "coco-1-0-export", "CocoExporter" -> "coco-exporter".
 * Never empty: text with nothing usable gives `fallback`.
 */
export function slugify(text: string, fallback = 'export'): string {
  const slug = text
    .replace(/([a-z])([A-Z])/g, '$1-$2') // cocoExport -> coco-Export
    .replace(/([0-9])([A-Z][a-z])/g, '$1-$2') // v8Export -> v8-Export (but "2D" stays whole)
    .replace(/([A-Z]+)([A-Z][a-z]{2,})/g, '$1-$2') // VOCExport -> VOC-Export (but "YOLOv8" stays whole)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "é" -> "e"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || fallback;
}
