/**
 * Making text that came from input safe for where it is shown: a terminal
 * (no control sequences that move the cursor, recolor, or retitle the window)
 * and a spreadsheet (no cell that starts a formula).
 */

// ESC-introduced sequences (CSI, OSC with BEL or ST terminators, two-character escapes), then any other C0/C1 control but tab and newline.
const ESCAPE_SEQUENCES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Unicode bidirectional overrides and isolates can reorder what a reader sees.
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** `text` without terminal control sequences, other control characters, or bidirectional overrides. */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, "").replace(CONTROLS, "").replace(BIDI, "");
}

/** A spreadsheet cell that cannot start a formula: a leading `= + - @`, tab or carriage return is prefixed with `'`. */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
