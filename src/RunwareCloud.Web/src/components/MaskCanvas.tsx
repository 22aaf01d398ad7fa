import { useEffect, useRef, useState } from 'react';

/**
 * Paint over the source image; the mask sent is white where painted and black elsewhere, at the image's own size.
 */
export function MaskCanvas({ image, onMask }: { image: string; onMask: (dataUrl: string | undefined) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const painting = useRef(false);
  const [brush, setBrush] = useState(32);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);

  useEffect(() => {
    const img = new Image();
    img.onload = () => setSize({ w: img.naturalWidth, h: img.naturalHeight });
    img.src = image;
  }, [image]);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context && size) context.clearRect(0, 0, size.w, size.h);
    onMask(undefined);
  }, [size, onMask]);

  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const scale = (size?.w ?? rect.width) / rect.width;
    return { x: (event.clientX - rect.left) * scale, y: (event.clientY - rect.top) * scale, scale };
  };

  const paint = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!painting.current) return;
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const { x, y, scale } = point(event);
    context.fillStyle = 'rgba(255, 80, 120, 0.55)';
    context.beginPath();
    context.arc(x, y, (brush / 2) * scale, 0, Math.PI * 2);
    context.fill();
  };

  const finish = () => {
    if (!painting.current || !canvas.current || !size) return;
    painting.current = false;
    const mask = document.createElement('canvas');
    mask.width = size.w;
    mask.height = size.h;
    const context = mask.getContext('2d')!;
    context.fillStyle = '#000';
    context.fillRect(0, 0, size.w, size.h);
    context.globalCompositeOperation = 'source-over';
    context.filter = 'brightness(0) invert(1)';
    context.drawImage(canvas.current, 0, 0);
    onMask(mask.toDataURL('image/png'));
  };

  const clear = () => {
    canvas.current?.getContext('2d')?.clearRect(0, 0, size?.w ?? 0, size?.h ?? 0);
    onMask(undefined);
  };

  return (
    <div className="mask-editor">
      <div className="mask-stack">
        <img src={image} alt="Source for inpainting" />
        {size && (
          <canvas
            ref={canvas}
            width={size.w}
            height={size.h}
            aria-label="Mask: paint the area to change"
            onPointerDown={(e) => { painting.current = true; e.currentTarget.setPointerCapture(e.pointerId); paint(e); }}
            onPointerMove={paint}
            onPointerUp={finish}
            onPointerLeave={finish}
          />
        )}
      </div>
      <div className="row">
        <label className="inline" htmlFor="brush">Brush</label>
        <input id="brush" type="range" min={4} max={128} value={brush} onChange={(e) => setBrush(Number(e.target.value))} />
        <button type="button" className="btn small ghost" onClick={clear}>Clear mask</button>
      </div>
    </div>
  );
}
