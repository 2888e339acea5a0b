// The lite ESM build of exifr (JPEG/HEIC, TIFF/EXIF/GPS; a third of the full build) has no
// typings of its own; it has the same API as the package root.
declare module 'exifr/dist/lite.esm.mjs' {
  import exifr from 'exifr';
  export default exifr;
}
