/** A named face region in pixels of the upright photo (top-left corner and size), as a test means it. */
export interface PixelRegion {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The XMP text of an MWG RegionInfo sidecar for a photo of width x height, written from the documented layout
 * (MWG Guidelines 2.0, "Image Region Metadata"): stArea x/y are the region's CENTRE, w/h its size, normalised.
 */
export function mwgSidecarText(regions: readonly PixelRegion[], width: number, height: number): string {
  const items = regions
    .map(
      (r) => `<rdf:li rdf:parseType='Resource'>
 <mwg-rs:Area rdf:parseType='Resource'><stArea:x>${(r.x + r.w / 2) / width}</stArea:x><stArea:y>${(r.y + r.h / 2) / height}</stArea:y><stArea:w>${r.w / width}</stArea:w><stArea:h>${r.h / height}</stArea:h><stArea:unit>normalized</stArea:unit></mwg-rs:Area>
 <mwg-rs:Name>${escapeXml(r.name)}</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type>
</rdf:li>`,
    )
    .join('\n');
  return `<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>
<x:xmpmeta xmlns:x='adobe:ns:meta/'>
<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>
<rdf:Description rdf:about='' xmlns:mwg-rs='http://www.metadataworkinggroup.com/schemas/regions/' xmlns:stArea='http://ns.adobe.com/xmp/sType/Area#' xmlns:stDim='http://ns.adobe.com/xap/1.0/sType/Dimensions#'>
<mwg-rs:Regions rdf:parseType='Resource'>
<mwg-rs:AppliedToDimensions rdf:parseType='Resource'><stDim:w>${width}</stDim:w><stDim:h>${height}</stDim:h><stDim:unit>pixel</stDim:unit></mwg-rs:AppliedToDimensions>
<mwg-rs:RegionList><rdf:Bag>
${items}
</rdf:Bag></mwg-rs:RegionList>
</mwg-rs:Regions>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end='w'?>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
