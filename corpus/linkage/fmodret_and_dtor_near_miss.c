// SPDX-License-Identifier: GPL-2.0
/*
 * Near miss for KF002, KF003 and KF007: an fmod_ret attach target is not a
 * kfunc, so it needs no __bpf_kfunc and its own `noinline` is not redundant
 * (the net/socket.c update_socket_protocol pattern, inside __bpf_hook_start()).
 * A dtor kfunc is tagged but listed in no kfunc set, like
 * bpf_task_release_dtor in kernel/bpf/helpers.c.
 */
/* near-miss: KF002 KF003 KF007 KF090 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

struct bpf_lnk_fm_obj {
	refcount_t ref;
};

__bpf_hook_start();

/**
 * bpf_lnk_fm_pick_proto() - Choose the protocol of a new socket.
 * @family: address family
 * @type: socket type
 * @protocol: protocol the caller asked for
 *
 * Return: the protocol to use; BPF may override it.
 */
__weak noinline int bpf_lnk_fm_pick_proto(int family, int type, int protocol)
{
	return protocol;
}

__bpf_hook_end();

BTF_SET8_START(bpf_lnk_fm_fmodret_ids)
BTF_ID_FLAGS(func, bpf_lnk_fm_pick_proto)
BTF_SET8_END(bpf_lnk_fm_fmodret_ids)

static const struct btf_kfunc_id_set bpf_lnk_fm_fmodret_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_fm_fmodret_ids,
};

__bpf_kfunc_start_defs();

/**
 * bpf_lnk_fm_obj_release() - Drop a reference to an object.
 * @o: object to release
 */
__bpf_kfunc void bpf_lnk_fm_obj_release(struct bpf_lnk_fm_obj *o)
{
	if (refcount_dec_and_test(&o->ref))
		kfree(o);
}

/**
 * bpf_lnk_fm_obj_release_dtor() - Destructor for objects stored in maps.
 * @o: object to release
 */
__bpf_kfunc void bpf_lnk_fm_obj_release_dtor(void *o)
{
	bpf_lnk_fm_obj_release(o);
}
CFI_NOSEAL(bpf_lnk_fm_obj_release_dtor);

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpf_lnk_fm_kfunc_ids)
BTF_ID_FLAGS(func, bpf_lnk_fm_obj_release, KF_RELEASE)
BTF_KFUNCS_END(bpf_lnk_fm_kfunc_ids)

static const struct btf_kfunc_id_set bpf_lnk_fm_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &bpf_lnk_fm_kfunc_ids,
};

BTF_ID_LIST(bpf_lnk_fm_dtor_ids)
BTF_ID(struct, bpf_lnk_fm_obj)
BTF_ID(func, bpf_lnk_fm_obj_release_dtor)

static int __init bpf_lnk_fm_init(void)
{
	const struct btf_id_dtor_kfunc dtors[] = {
		{
			.btf_id       = bpf_lnk_fm_dtor_ids[0],
			.kfunc_btf_id = bpf_lnk_fm_dtor_ids[1],
		},
	};
	int ret;

	ret = register_btf_fmodret_id_set(&bpf_lnk_fm_fmodret_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &bpf_lnk_fm_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(dtors, ARRAY_SIZE(dtors), THIS_MODULE);
}
late_initcall(bpf_lnk_fm_init);
