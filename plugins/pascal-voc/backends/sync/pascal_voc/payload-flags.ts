import type { AnnotationPayload } from 'idah-plugin';

/** A yes/no label field: true, 1, "1" and "true" are yes; anything else (or nothing) is no. */
export function flagOf(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** `difficult` from the label payload, default no. */
export function difficultOf(payload: AnnotationPayload): boolean {
  return flagOf(payload.difficult);
}

/** `truncated` from the label payload when it has one, else whether the box touches the image edge. */
export function truncatedOf(payload: AnnotationPayload, touchesEdge: boolean): boolean {
  return payload.truncated === undefined || payload.truncated === null ? touchesEdge : flagOf(payload.truncated);
}

/** `pose` from the label payload when it is a non-empty string, else VOC's "Unspecified". */
export function poseOf(payload: AnnotationPayload): string {
  return typeof payload.pose === 'string' && payload.pose.trim() !== '' ? payload.pose : 'Unspecified';
}
