// SPDX-License-Identifier: GPL-2.0
/*
 * Acquire kfuncs whose type no release kfunc takes: a child type released
 * only through its parent's release (release arguments match strictly),
 * and a no-cast ___init alias released only as the plain type.
 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_nr_session_get() - Take a reference on a session.
 * @id: session id
 *
 * Return: the session, or NULL. Release it with bpf_flg_nr_put().
 */
__bpf_kfunc struct flg_nr_session *bpf_flg_nr_session_get(u32 id)
{
	return flg_nr_session_get(id);
}

/**
 * bpf_flg_nr_conn_get() - Take a reference on a connection.
 * @id: connection id
 *
 * Return: the connection, or NULL. Release it with bpf_flg_nr_put().
 */
__bpf_kfunc struct flg_nr_conn *bpf_flg_nr_conn_get(u32 id)
{
	return flg_nr_conn_get(id);
}

/**
 * bpf_flg_nr_put() - Drop a connection reference.
 * @conn: a referenced connection
 */
__bpf_kfunc void bpf_flg_nr_put(struct flg_nr_conn *conn)
{
	flg_nr_conn_put(conn);
}

/**
 * bpf_flg_nr_conn_alloc() - Allocate a connection that is not yet inserted.
 * @id: connection id
 *
 * Return: the new connection, or NULL. Release it with bpf_flg_nr_put().
 */
__bpf_kfunc struct flg_nr_conn___init *bpf_flg_nr_conn_alloc(u32 id)
{
	return (struct flg_nr_conn___init *)flg_nr_conn_alloc(id);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_nr_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_nr_session_get, KF_ACQUIRE | KF_RET_NULL) /* expect: KF043 */
BTF_ID_FLAGS(func, bpf_flg_nr_conn_get, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_nr_put, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_nr_conn_alloc, KF_ACQUIRE | KF_RET_NULL) /* expect: KF043 */
BTF_KFUNCS_END(flg_nr_kfunc_ids)

static const struct btf_kfunc_id_set flg_nr_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_nr_kfunc_ids,
};

static int __init flg_nr_init(void)
{
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &flg_nr_kfunc_set);
	ret = ret ?: register_btf_kfunc_id_set(BPF_PROG_TYPE_SCHED_CLS, &flg_nr_kfunc_set);
	return ret;
}
late_initcall(flg_nr_init);
