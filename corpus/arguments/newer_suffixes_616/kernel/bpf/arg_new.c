// SPDX-License-Identifier: GPL-2.0
/*
 * Near misses in a 6.16 tree: '__irq_flag' (6.14) and '__prog' (6.16) are
 * annotations its verifier reads, and '__prog' gives a 'void *' its meaning.
 */
/* near-miss: KF062 KF063 KF064 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_arg_new_irq_save() - Save and disable interrupts.
 * @flags__irq_flag: stack slot for the saved state
 */
__bpf_kfunc void bpf_arg_new_irq_save(unsigned long *flags__irq_flag)
{
	local_irq_save(*flags__irq_flag);
}

/**
 * bpf_arg_new_irq_restore() - Restore interrupts.
 * @flags__irq_flag: stack slot holding the saved state
 */
__bpf_kfunc void bpf_arg_new_irq_restore(unsigned long *flags__irq_flag)
{
	local_irq_restore(*flags__irq_flag);
}

/**
 * bpf_arg_new_prog_id() - Id of the calling program.
 * @aux__prog: filled in by the verifier
 *
 * Return: the program id.
 */
__bpf_kfunc u32 bpf_arg_new_prog_id(void *aux__prog)
{
	struct bpf_prog_aux *aux = aux__prog;

	return aux->id;
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_arg_new_ids)
BTF_ID_FLAGS(func, bpf_arg_new_irq_save)
BTF_ID_FLAGS(func, bpf_arg_new_irq_restore)
BTF_ID_FLAGS(func, bpf_arg_new_prog_id)
BTF_KFUNCS_END(bpf_arg_new_ids)

static const struct btf_kfunc_id_set bpf_arg_new_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_arg_new_ids,
};

static int __init bpf_arg_new_init(void)
{
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC, &bpf_arg_new_set);
}
late_initcall(bpf_arg_new_init);
