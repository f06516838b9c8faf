// QR codes drawn in the browser from the vendored qrcode-generator 2.0.4 (Kazuhiko Arase, MIT licence,
// npm package qrcode-generator; see /vendor/). The payload never leaves the device.
import qrcode from '../vendor/qrcode-generator-2.0.4.mjs';
import { h } from './ui.js';

/** An image of the QR code of text (error correction M), with alt text for screen readers. */
export function qrImage(text, alt, cellSize = 6) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  return h('img', { class: 'qr', src: qr.createDataURL(cellSize, 4), alt, dataset: { payload: text } });
}
