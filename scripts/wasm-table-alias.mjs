// Gives the split module's function table a second export name, `__wasm_split_table`, for the
// parts loaded on demand (scripts/wasm-link.sh). wasm-bindgen drops the linker's own
// `__indirect_function_table` export (trunk 0.21 cannot pass it `--keep-lld-exports`), and the
// parts must reach the same table to install their functions in it. Edits the export section
// of a wasm binary in place; fails when the module exports no table of that name.
// usage: node scripts/wasm-table-alias.mjs <module.wasm>
import fs from 'node:fs';

const file = process.argv[2];
const bytes = fs.readFileSync(file);

function readLeb(at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function leb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return Buffer.from(out);
}

function exportEntry(name, kind, index) {
  const n = Buffer.from(name, 'utf8');
  return Buffer.concat([leb(n.length), n, Buffer.from([kind]), leb(index)]);
}

let at = 8;
while (at < bytes.length) {
  const id = bytes[at];
  const [size, body] = readLeb(at + 1);
  if (id === 7) {
    const [count, first] = readLeb(body);
    let p = first, table = undefined;
    for (let i = 0; i < count; i++) {
      const [len, nameAt] = readLeb(p);
      const name = bytes.subarray(nameAt, nameAt + len).toString('utf8');
      const kind = bytes[nameAt + len];
      const [index, next] = readLeb(nameAt + len + 1);
      if (name === '__indirect_function_table' && kind === 1) table = index;
      p = next;
    }
    if (table === undefined) throw new Error(`${file}: no exported __indirect_function_table`);
    const content = Buffer.concat([leb(count + 1), bytes.subarray(first, body + size), exportEntry('__wasm_split_table', 1, table)]);
    const section = Buffer.concat([Buffer.from([7]), leb(content.length), content]);
    fs.writeFileSync(file, Buffer.concat([bytes.subarray(0, at), section, bytes.subarray(body + size)]));
    process.exit(0);
  }
  at = body + size;
}
throw new Error(`${file}: no export section`);
