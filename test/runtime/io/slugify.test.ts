import { describe, expect, it } from 'vitest';
import { slugify } from '../../../runtime/io/slugify.ts';

describe('slugify', () => {
  it.each([
    ['COCO 1.0 Export', 'coco-1-0-export'],
    ['coco-export', 'coco-export'],
    ['CocoExporter', 'coco-exporter'],
    ['YOLOv8 Export', 'yolov8-export'],
    ['YOLOv8Export', 'yolov8-export'],
    ['PascalVOCExporter', 'pascal-voc-exporter'],
    ['Lidar3D', 'lidar3d'],
    ['  Pascal_VOC  ', 'pascal-voc'],
    ['Café Déjà Vu', 'cafe-deja-vu'],
    ['MyPlugin::CocoExport', 'my-plugin-coco-export'],
  ])('turns %j into %j', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('never returns an empty slug', () => {
    expect(slugify('日本語')).toBe('export');
    expect(slugify('---')).toBe('export');
    expect(slugify('', 'output')).toBe('output');
  });
});
