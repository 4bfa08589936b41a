/** repo — see DESIGN.md. */
export {};
