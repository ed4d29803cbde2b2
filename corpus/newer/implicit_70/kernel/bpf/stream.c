// SPDX-License-Identifier: GPL-2.0
/* A 7.0-style stream printk kfunc: the verifier supplies aux (KF_IMPLICIT_ARGS). */
#include <linux/bpf.h>
#include <linux/btf.h>

static int corpus_stream_push(int stream_id, const char *fmt, u32 len, struct bpf_prog_aux *aux)
{
	if (!aux || !fmt)
		return -EINVAL;
	return stream_id + len;
}

__bpf_kfunc_start_defs();

/**
 * bpf_stream_vprintk() - Print to one of the calling program's streams.
 * @stream_id: BPF_STDOUT or BPF_STDERR
 * @fmt__str: constant format string
 * @args: arguments, 8 bytes each
 * @len__sz: size of @args
 * @aux: the calling program, supplied by the verifier (KF_IMPLICIT_ARGS)
 *
 * Return: bytes written, or a negative error.
 */
__bpf_kfunc int bpf_stream_vprintk(int stream_id, const char *fmt__str, const void *args,
				   u32 len__sz, struct bpf_prog_aux *aux)
{
	if (len__sz & 7 || (len__sz && !args))
		return -EINVAL;
	return corpus_stream_push(stream_id, fmt__str, len__sz, aux);
}

__bpf_kfunc_end_defs();
