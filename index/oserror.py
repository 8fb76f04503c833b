"""What went wrong on the disk, in Spanish: Python's own texts ("Permission denied") never reach a person."""

import errno

_REASONS = {
    errno.EACCES: "no hay permiso",
    errno.EPERM: "no hay permiso",
    errno.EROFS: "el disco es de solo lectura",
    errno.ENOSPC: "no queda espacio en el disco",
    errno.EDQUOT: "se agotó la cuota de disco",
    errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta",
    errno.EEXIST: "ya existe un archivo con ese nombre",
    errno.ENOENT: "no existe",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EIO: "error de lectura o escritura del disco",
}


def os_reason(exc):
    """The reason an OSError gives, as a short Spanish phrase."""
    reason = _REASONS.get(exc.errno)
    if reason:
        return reason
    code = errno.errorcode.get(exc.errno) if exc.errno is not None else None
    return f"error del sistema ({code})" if code else "error del sistema"
