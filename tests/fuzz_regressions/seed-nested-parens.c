__bpf_kfunc int f(void) { return ((((((((1)))))))); }
