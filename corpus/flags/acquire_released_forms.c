// SPDX-License-Identifier: GPL-2.0
/*
 * Acquired types that are released one way or another: an ___init alias
 * consumed by an insert kfunc that is both KF_ACQUIRE and KF_RELEASE
 * (bpf_ct_insert_entry style), a type whose only way out is a map kptr
 * with a registered dtor, and a graph node popped from a list, dropped
 * with the object-drop kfunc.
 */
/* near-miss: KF043 */
/* near-miss: KF042 */
/* near-miss: KF049 */
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>

__bpf_kfunc_start_defs();

/**
 * bpf_flg_rr_alloc() - Allocate a connection that is not yet inserted.
 * @id: connection id
 *
 * Return: the new connection, or NULL. Insert it with bpf_flg_rr_insert().
 */
__bpf_kfunc struct flg_rr_conn___init *bpf_flg_rr_alloc(u32 id)
{
	return (struct flg_rr_conn___init *)flg_rr_alloc(id);
}

/**
 * bpf_flg_rr_insert() - Insert an allocated connection.
 * @conn_i: connection from bpf_flg_rr_alloc()
 *
 * Return: the inserted connection, or NULL. Release it with bpf_flg_rr_release().
 */
__bpf_kfunc struct flg_rr_conn *bpf_flg_rr_insert(struct flg_rr_conn___init *conn_i)
{
	struct flg_rr_conn *conn = (struct flg_rr_conn *)conn_i;

	if (flg_rr_insert(conn))
		return NULL;
	return conn;
}

/**
 * bpf_flg_rr_release() - Drop a connection reference.
 * @conn: a referenced connection
 */
__bpf_kfunc void bpf_flg_rr_release(struct flg_rr_conn *conn)
{
	flg_rr_put(conn);
}

/**
 * bpf_flg_rr_blob_create() - Create a blob to store in a map.
 * @size: blob size
 *
 * Return: the new blob, or NULL. Store it in a map with bpf_kptr_xchg().
 */
__bpf_kfunc struct flg_rr_blob *bpf_flg_rr_blob_create(u32 size)
{
	return flg_rr_blob_create(size);
}

/**
 * bpf_flg_rr_pop() - Remove the first node of a list.
 * @head: list head
 *
 * Return: the owned node, or NULL if the list is empty.
 */
__bpf_kfunc struct bpf_list_node *bpf_flg_rr_pop(struct bpf_list_head *head)
{
	return flg_rr_list_pop(head);
}

/**
 * bpf_flg_rr_blob_release_dtor() - Free a blob when its map goes away.
 * @blob: the blob
 */
__bpf_kfunc void bpf_flg_rr_blob_release_dtor(void *blob)
{
	flg_rr_blob_free(blob);
}
CFI_NOSEAL(bpf_flg_rr_blob_release_dtor);

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(flg_rr_kfunc_ids)
BTF_ID_FLAGS(func, bpf_flg_rr_alloc, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rr_insert, KF_ACQUIRE | KF_RET_NULL | KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_rr_release, KF_RELEASE)
BTF_ID_FLAGS(func, bpf_flg_rr_blob_create, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, bpf_flg_rr_pop, KF_ACQUIRE | KF_RET_NULL)
BTF_KFUNCS_END(flg_rr_kfunc_ids)

static const struct btf_kfunc_id_set flg_rr_kfunc_set = {
	.owner = THIS_MODULE,
	.set   = &flg_rr_kfunc_ids,
};

BTF_ID_LIST(flg_rr_dtor_ids)
BTF_ID(struct, flg_rr_blob)
BTF_ID(func, bpf_flg_rr_blob_release_dtor)

static int __init flg_rr_init(void)
{
	const struct btf_id_dtor_kfunc flg_rr_dtors[] = {
		{
			.btf_id       = flg_rr_dtor_ids[0],
			.kfunc_btf_id = flg_rr_dtor_ids[1]
		},
	};
	int ret;

	ret = register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING, &flg_rr_kfunc_set);
	return ret ?: register_btf_id_dtor_kfuncs(flg_rr_dtors, ARRAY_SIZE(flg_rr_dtors),
						  THIS_MODULE);
}
late_initcall(flg_rr_init);

