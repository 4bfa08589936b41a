/** gotemplate — see DESIGN.md. */
export {};
