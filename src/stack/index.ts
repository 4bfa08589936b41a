/** stack — see DESIGN.md. */
export {};
