/** kube — see DESIGN.md. */
export {};
